namespace Collab.Web.Consultations;

/// <summary>What an action carries: a reason (decline, cancel) or the opinion and act code (answer).</summary>
public sealed record ActRequest(string? Reason, string? Opinion, string? ActCode);
