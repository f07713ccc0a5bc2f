namespace Collab.Web.Consultations;

/// <summary>A message, or a file with its content in Base64.</summary>
public sealed record ExportedItem(long Sequence, string? Author, DateTimeOffset PostedAt, string Kind, string? Text, string? FileName, string? ContentType, long? Size, string? ContentBase64);
