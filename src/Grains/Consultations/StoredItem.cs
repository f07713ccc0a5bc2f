namespace Collab.Grains.Consultations;

/// <summary>A stored item; a deleted one has an empty ciphertext and its deletion time.</summary>
public sealed record StoredItem(long Sequence, int Epoch, byte[] Ciphertext, DateTimeOffset PostedAt, Guid? Author = null, DateTimeOffset? DeletedAt = null);
