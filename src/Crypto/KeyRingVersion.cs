namespace Collab.Crypto;

/// <summary>One version of a group's key pair: its public key and its private key sealed to each confirmed member.</summary>
public sealed record KeyRingVersion(int Version, byte[] PublicKey, IReadOnlyDictionary<Guid, byte[]> SealedToMembers);
