namespace Collab.Grains.Retention;

/// <summary>
/// Removes an owner's rows of encrypted content and the read-model rows about it (the port the
/// retention mechanism destroys through). Every table keyed by owner id is covered, so discussions
/// and mailboxes reuse it.
/// </summary>
public interface IContentShredder
{
    /// <summary>How many rows of each kind the owner has, or has in <paramref name="scope"/> (what a certificate will list).</summary>
    Task<IReadOnlyDictionary<string, long>> CountAsync(Guid ownerId, ShredScope? scope = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes them, in one transaction. Running it again deletes nothing more.</summary>
    Task ShredAsync(Guid ownerId, ShredScope? scope = null, CancellationToken cancellationToken = default);
}
