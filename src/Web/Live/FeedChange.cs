using Collab.Contracts.Consultations;
using Collab.Web.Consultations;

namespace Collab.Web.Live;

/// <summary>
/// What a feed reports to its viewer: items it added or changed, or another event (status, receipt, typing, presence);
/// <paramref name="Live"/> is the node's shared form of the event the items came with (none for items read back).
/// </summary>
public sealed record FeedChange(IReadOnlyList<OpenItem> Items, ConsultationEvent? Event, LiveEvent? Live = null);
