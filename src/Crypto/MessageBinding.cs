namespace Collab.Crypto;

/// <summary>
/// What a sender knows when writing a message, bound into its ciphertext: the consultation, the epoch,
/// the author, the message's own client id and the last sequence the author had seen. The place in the
/// discussion is not known yet: the grain assigns it, and a reader checks it comes after <see cref="Seen"/>.
/// </summary>
public readonly record struct MessageBinding(Guid ObjectId, int Epoch, Guid Author, Guid ClientId, long Seen);
