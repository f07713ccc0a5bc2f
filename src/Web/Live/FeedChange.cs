using Collab.Contracts.Consultations;
using Collab.Web.Consultations;

namespace Collab.Web.Live;

/// <summary>
/// What a feed reports to its viewer: items it added or changed, and the node's shared event they came with or that
/// happened (<paramref name="Live"/>; none for items read back).
/// </summary>
public sealed record FeedChange(IReadOnlyList<OpenItem> Items, LiveEvent? Live = null)
{
    /// <summary>The event itself when it is not a new item: status, receipt, typing, presence, deletion.</summary>
    public ConsultationEvent? Event => Live?.Change is { Kind: not ConsultationEventKind.Item } e ? e : null;
}
