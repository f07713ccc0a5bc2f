namespace Collab.Crypto;

/// <summary>
/// A group's versioned key pairs. Creating a version and sealing it to members needs public keys
/// only, so the server can rotate when someone leaves; confirming a member needs someone who holds
/// the ring, because every past version must be opened to be sealed to the newcomer.
/// </summary>
public static class GroupKeyRing
{
    /// <summary>A new key pair sealed to each member; its private key exists only inside the sealed copies.</summary>
    public static KeyRingVersion NewVersion(int version, IReadOnlyDictionary<Guid, byte[]> memberPublicKeys)
    {
        using var pair = UserKeyPair.Generate();
        var sealedCopies = memberPublicKeys.ToDictionary(m => m.Key, m => KeySealing.Seal(pair.PrivateKey, m.Value));
        return new KeyRingVersion(version, pair.PublicKey, sealedCopies);
    }

    /// <summary>The versions as <paramref name="member"/> holds them: each public key, with their sealed copy where they have one.</summary>
    public static List<KeyRingVersion> HeldBy(Guid member, IEnumerable<(int Version, byte[] PublicKey, byte[]? SealedToMember)> versions) =>
        versions.Select(v => new KeyRingVersion(
            v.Version, v.PublicKey, v.SealedToMember is null ? new Dictionary<Guid, byte[]>() : new Dictionary<Guid, byte[]> { [member] = v.SealedToMember }))
            .ToList();

    /// <summary>Opens one version with a member's copy.</summary>
    public static UserKeyPair OpenVersion(KeyRingVersion version, Guid member, UserKeyPair memberKeys)
    {
        if (!version.SealedToMembers.TryGetValue(member, out var sealedCopy))
        {
            throw new CryptoException(CryptoFailure.NotARecipient, $"Version {version.Version} of this ring is not sealed to this member.");
        }

        return UserKeyPair.FromPrivateKey(KeySealing.Open(sealedCopy, memberKeys), version.PublicKey);
    }

    /// <summary>
    /// What confirming <paramref name="newcomerPublicKey"/> stores: every version opened by
    /// <paramref name="holder"/> and sealed to the newcomer, by version number.
    /// </summary>
    public static Dictionary<int, byte[]> SealEveryVersionTo(
        IEnumerable<KeyRingVersion> versions, Guid holder, UserKeyPair holderKeys, byte[] newcomerPublicKey)
    {
        var copies = new Dictionary<int, byte[]>();
        foreach (var version in versions)
        {
            using var pair = OpenVersion(version, holder, holderKeys);
            copies[version.Version] = KeySealing.Seal(pair.PrivateKey, newcomerPublicKey);
        }

        return copies;
    }
}
