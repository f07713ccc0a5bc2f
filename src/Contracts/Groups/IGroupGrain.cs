using Collab.Contracts.Access;
using Collab.Contracts.Practitioners;

namespace Collab.Contracts.Groups;

/// <summary>
/// A group of practitioners (a hospital service, a team) and its key ring: versioned key pairs,
/// each version's private key sealed to every confirmed member.
/// </summary>
public interface IGroupGrain : IGrainWithGuidKey
{
    /// <summary>Creates the group with its founder as first confirmed member and key version 1 sealed to them.</summary>
    Task Create(string name, PractitionerId founder, Caller caller);

    /// <summary>Adds a member awaiting confirmation; they hold no key yet.</summary>
    Task AddMember(PractitionerId member, Caller caller);

    /// <summary>
    /// Confirms a pending member with every key version sealed to them by someone who holds the ring
    /// (<paramref name="sealedVersions"/>: version number → sealed private key).
    /// </summary>
    Task ConfirmMember(PractitionerId member, IReadOnlyDictionary<int, byte[]> sealedVersions, Caller caller);

    /// <summary>Removes a member: their sealed copies are deleted and a new version is sealed to those who remain.</summary>
    Task RemoveMember(PractitionerId member, Caller caller);

    /// <summary>The current key version: epochs must be sealed to it.</summary>
    Task<int> GetCurrentVersion();

    /// <summary>Every version's public key and, when <paramref name="member"/> is confirmed, their sealed copy.</summary>
    Task<GroupKeyRingView> GetKeyRing(PractitionerId member);
}

/// <summary>A group's ring as one member sees it.</summary>
[GenerateSerializer, Immutable]
public sealed record GroupKeyRingView(
    [property: Id(0)] Guid GroupId,
    [property: Id(1)] int CurrentVersion,
    [property: Id(2)] IReadOnlyList<GroupKeyVersionView> Versions);

/// <summary>One version: its public key, and the member's sealed copy of its private key (null when they hold none).</summary>
[GenerateSerializer, Immutable]
public sealed record GroupKeyVersionView(
    [property: Id(0)] int Version,
    [property: Id(1)] byte[] PublicKey,
    [property: Id(2)] byte[]? SealedToMember);
