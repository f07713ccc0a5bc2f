namespace Collab.Web.Structures;

/// <summary>The structure's FINESS, repeated to confirm the destruction.</summary>
public sealed record EndContractRequest(string? Finess);
