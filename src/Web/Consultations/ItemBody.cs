namespace Collab.Web.Consultations;

/// <summary>
/// The plaintext of an item: a text message (perhaps a reply to the message at <see cref="ReplyTo"/>), or a file
/// (whose key travels inside the encrypted item).
/// </summary>
public sealed record ItemBody(string Kind, string? Text = null, Guid? FileId = null, string? Name = null, string? ContentType = null, long Size = 0, byte[]? FileKey = null, long? ReplyTo = null)
{
    public const string TextKind = "text";
    public const string FileKind = "file";

    public static ItemBody Message(string text, long? replyTo = null) => new(TextKind, Text: text, ReplyTo: replyTo);

    public static ItemBody File(Guid fileId, string name, string contentType, long size, byte[] fileKey) =>
        new(FileKind, FileId: fileId, Name: name, ContentType: contentType, Size: size, FileKey: fileKey);

    /// <summary>A voice note (or any sound): played in the page.</summary>
    public bool IsAudio => Kind == FileKind && ContentType is not null && ContentType.StartsWith("audio/", StringComparison.Ordinal);

    public bool IsImage => Kind == FileKind && ContentType is "image/png" or "image/jpeg" or "image/gif" or "image/webp";
}
