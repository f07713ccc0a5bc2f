namespace Collab.Grains.Consultations;

/// <summary>An item to append.</summary>
public sealed record NewItem(long Sequence, int Epoch, byte[] Ciphertext, DateTimeOffset PostedAt, Guid ClientId, Guid? Author);
