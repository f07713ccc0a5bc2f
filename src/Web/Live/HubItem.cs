using Collab.Web.Consultations;

namespace Collab.Web.Live;

/// <summary>A message as hub clients receive it (decrypted on this node for the connection's user).</summary>
public sealed record HubItem(Guid Consultation, long Sequence, Guid? Author, DateTimeOffset PostedAt, string? Kind, string? Text, Guid? FileId, string? Name, string? ContentType, bool Deleted)
{
    public static HubItem Of(Guid consultation, OpenItem item) => new(
        consultation, item.Sequence, item.Author?.Value, item.PostedAt, item.Body?.Kind, item.Body?.Text,
        item.Body?.FileId, item.Body?.Name, item.Body?.ContentType, item.DeletedAt is not null);
}
