namespace Collab.Grains.Consultations;

/// <summary>
/// Encrypted attachment files: the <see cref="Crypto.AttachmentCipher"/> stream of each, stored as
/// chunks. Only ciphertext passes through.
/// </summary>
public interface IAttachmentStore
{
    /// <summary>Stores the encrypted stream of a file; replaces nothing (a second write of the same id fails).</summary>
    Task WriteAsync(Guid ownerId, Guid fileId, Stream ciphertext, CancellationToken cancellationToken = default);

    /// <summary>Copies the encrypted stream of a file to <paramref name="destination"/>; false when there is no such file.</summary>
    Task<bool> ReadAsync(Guid ownerId, Guid fileId, Stream destination, CancellationToken cancellationToken = default);
}
