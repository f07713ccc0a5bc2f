using Collab.Contracts.Practitioners;

namespace Collab.Contracts.Mailboxes;

/// <summary>A message in a mailbox as its holder reads it: place, folder, flags, sender, arrival, and the encrypted content with its sealed key (sealed to the holder, or to version <see cref="KeyVersion"/> of a shared mailbox's ring).</summary>
[GenerateSerializer, Immutable]
public sealed record MailEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] Guid MessageId,
    [property: Id(2)] MailFolder Folder,
    [property: Id(3)] bool Seen,
    [property: Id(4)] PractitionerId? From,
    [property: Id(5)] DateTimeOffset ReceivedAt,
    [property: Id(6)] int Size,
    [property: Id(7)] int Attachments,
    [property: Id(8)] byte[] SealedKey,
    [property: Id(9)] byte[] Ciphertext,
    [property: Id(10)] int KeyVersion = 0,
    [property: Id(11)] bool Flagged = false);
