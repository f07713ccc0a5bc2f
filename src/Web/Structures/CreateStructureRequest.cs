namespace Collab.Web.Structures;

public sealed record CreateStructureRequest(string? Name, string? Finess, string? City, Guid FirstAdmin);
