using Collab.Contracts.Mailboxes;
using Collab.Grains.Groups;

namespace Collab.Grains.Mailboxes;

/// <summary>
/// Persisted state of <see cref="MailboxGrain"/>: for a shared mailbox, what it is, who reads it, its ring and API keys;
/// for every mailbox, when it was last used (the inactivity rule) and last warned.
/// </summary>
public sealed class MailboxState : Audit.IAuditedState
{
    public MailboxKind Kind { get; set; }

    /// <summary>A shared mailbox's address (a nominative one's is claimed in <see cref="IMailStore.AddressAsync"/>).</summary>
    public string? Address { get; set; }

    public Guid? Structure { get; set; }

    public string? Name { get; set; }

    /// <summary>The responsible professional of a shared mailbox (also one of its readers).</summary>
    public Guid Responsible { get; set; }

    /// <summary>The practitioners who read a shared mailbox, with when they were granted.</summary>
    public Dictionary<Guid, DateTimeOffset> Readers { get; set; } = [];

    /// <summary>
    /// The ring of a shared mailbox, oldest version first: each a key pair whose private key is sealed to the readers and
    /// receiving keys of its time (by practitioner or key id). A change of readers or keys starts a new version.
    /// </summary>
    public List<GroupKeyVersion> Versions { get; set; } = [];

    public List<MailKeyState> Keys { get; set; } = [];

    /// <summary>The holder's own folders (numbers, and their names encrypted to the holder).</summary>
    public MailFolderList? Folders { get; set; }

    /// <summary>The last login, sending or opened message; null until the mailbox is first used.</summary>
    public DateTimeOffset? LastActivity { get; set; }

    public DateTimeOffset? LastWarning { get; set; }

    public List<Audit.AuditEvent> PendingAudit { get; set; } = [];
}

/// <summary>An API key of an applicative mailbox: the secret's hash, never the secret.</summary>
public sealed class MailKeyState
{
    public Guid Id { get; set; }

    public byte[] Hash { get; set; } = [];

    /// <summary>The public key derived from the secret, the ring sealed to it (a key that may receive).</summary>
    public byte[]? PublicKey { get; set; }

    public MailKeyScopes Scopes { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public MailKeyView View() => new(Id, Scopes, IssuedAt, RevokedAt, LastUsedAt);
}
