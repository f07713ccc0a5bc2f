namespace Collab.Contracts.Mailboxes;

/// <summary>
/// One message as it reaches a mailbox: its content encrypted once under a fresh message key (bound to
/// <see cref="MessageId"/>), that key sealed to the mailbox (<see cref="MailSealingKey"/>: its holder, or version <see cref="KeyVersion"/> of a shared mailbox's ring), and what a list shows without opening it (size,
/// number of attachments). Subject, body, recipients and attachments are inside the ciphertext only.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record MailDelivery(
    [property: Id(0)] Guid MessageId,
    [property: Id(1)] byte[] SealedKey,
    [property: Id(2)] byte[] Ciphertext,
    [property: Id(3)] int Attachments = 0,
    [property: Id(4)] int KeyVersion = 0)
{
    /// <summary>The largest encrypted message (its attachments included).</summary>
    public const int MaxBytes = 25 * 1024 * 1024;
}
