using Collab.Contracts.Practitioners;

namespace Collab.Contracts.Mailboxes;

/// <summary>A mailbox as its holder sees it: its address, holder and how many messages each folder holds (unread in the inbox).</summary>
[GenerateSerializer, Immutable]
public sealed record MailboxView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Address,
    [property: Id(2)] PractitionerId Holder,
    [property: Id(3)] IReadOnlyDictionary<MailFolder, int> Counts,
    [property: Id(4)] int Unread);
