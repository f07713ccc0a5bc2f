namespace Collab.Web.Practitioners;

/// <summary>An RPPS (11 digits) or ADELI (9 digits) number.</summary>
public sealed record IdentifierDto(string? Kind, string? Number);
