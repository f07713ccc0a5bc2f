using Collab.Contracts.Consultations;

namespace Collab.Web.Home;

/// <summary>What waits for a practitioner, from their inbox lists (no health field: the home page opens those).</summary>
public sealed record Workload(
    IReadOnlyList<InboxEntry> ToAnswer,
    IReadOnlyList<InboxEntry> Waiting,
    IReadOnlyList<InboxEntry> Drafts,
    IReadOnlyList<InboxEntry> Active,
    int DeletingSoon)
{
    public static readonly Workload None = new([], [], [], [], 0);
}
