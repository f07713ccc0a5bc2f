namespace Collab.Crypto;

/// <summary>Where a piece of content lives: bound into its ciphertext, so it cannot be moved.</summary>
public readonly record struct ContentPosition(Guid ObjectId, int Epoch, long Sequence);
