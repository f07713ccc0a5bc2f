using Collab.Contracts.Practitioners;

namespace Collab.Contracts.Mailboxes;

/// <summary>
/// A mailbox as a reader sees it: its address, holder (the responsible professional of a shared one) and how many
/// messages each folder holds (unread in the inbox); for a shared mailbox, its kind, structure, name, readers and API keys.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record MailboxView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Address,
    [property: Id(2)] PractitionerId Holder,
    [property: Id(3)] IReadOnlyDictionary<MailFolder, int> Counts,
    [property: Id(4)] int Unread,
    [property: Id(5)] MailboxKind Kind = MailboxKind.Nominative,
    [property: Id(6)] Guid? Structure = null,
    [property: Id(7)] string? Name = null,
    [property: Id(8)] IReadOnlyList<PractitionerId>? Readers = null,
    [property: Id(9)] IReadOnlyList<MailKeyView>? Keys = null);
