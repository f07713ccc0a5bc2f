using Collab.Contracts.Practitioners;

namespace Collab.Contracts.Mailboxes;

/// <summary>
/// A shared mailbox a structure's administrator creates: its kind, structure, name (the address is
/// <c>{name}.{structure}@{domain}</c>), the responsible professional and the readers granted from the start.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SharedMailboxSpec(
    [property: Id(0)] MailboxKind Kind,
    [property: Id(1)] Guid Structure,
    [property: Id(2)] string Name,
    [property: Id(3)] PractitionerId Responsible,
    [property: Id(4)] IReadOnlyList<PractitionerId> Readers);
