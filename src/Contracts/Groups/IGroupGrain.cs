using Collab.Contracts.Access;
using Collab.Contracts.Practitioners;
using Orleans.Concurrency;

namespace Collab.Contracts.Groups;

/// <summary>
/// A group of practitioners (a hospital service, a team, a network): members with roles, and its
/// key ring — versioned key pairs, each version's private key sealed to every confirmed member.
/// Joining is invite → accept → confirm; only the confirm step, by someone who holds the ring,
/// hands the newcomer the group's keys.
/// </summary>
public interface IGroupGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Creates the group with its founder as confirmed group admin and key version 1 sealed to them.
    /// An administrator of the structure, or the operator.
    /// </summary>
    Task Create(GroupInfo info, PractitionerId founder, Caller caller);

    /// <summary>
    /// Invites a practitioner with a role. A group admin, a structure admin or the operator; nobody invites
    /// themselves, and an operator is never a member (the operator never reads health data). An invitation
    /// from outside the ring (a structure admin or the operator who is not a confirmed group admin) waits for a
    /// confirmed group admin's own decision before any key is shared (<see cref="GroupMemberView.AwaitsGroupAdmin"/>).
    /// </summary>
    Task Invite(PractitionerId member, GroupRole role, Caller caller);

    /// <summary>The invitee accepts; they still hold no key until confirmed.</summary>
    Task Accept(Caller caller);

    /// <summary>
    /// Confirms an accepted member with every key version sealed to them (version → sealed private
    /// key) by a confirmed member, who alone can open the ring; by a confirmed group admin when the
    /// invitation came from outside the ring.
    /// </summary>
    Task Confirm(PractitionerId member, IReadOnlyDictionary<int, byte[]> sealedVersions, Caller caller);

    /// <summary>
    /// Changes a member's role (doctor, assistant, group admin). Conflict when it would leave the group with no confirmed
    /// group admin. A group admin, a structure admin or the operator; audited.
    /// </summary>
    Task SetRole(PractitionerId member, GroupRole role, Caller caller);

    /// <summary>
    /// Removes a member (or the member leaves): their sealed copies are deleted and, if they held
    /// the ring, a new version is sealed to those who remain. A group admin, a structure admin, the operator, or the member.
    /// </summary>
    Task Remove(PractitionerId member, Caller caller);

    /// <summary>The group and its members. Members, and structure admins or the operator.</summary>
    Task<GroupView> Get(Caller caller);

    /// <summary>Whether <paramref name="practitioner"/> is a confirmed member (access checks of other grains).</summary>
    [AlwaysInterleave]
    Task<bool> IsConfirmedMember(PractitionerId practitioner);

    /// <summary>The group's name and structure: public, as in the directory.</summary>
    [AlwaysInterleave]
    Task<GroupInfo> GetInfo();

    /// <summary>The confirmed members (notifications and inboxes of other grains).</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<PractitionerId>> GetConfirmedMembers();

    /// <summary>The current key version: epochs must be sealed to it.</summary>
    [AlwaysInterleave]
    Task<int> GetCurrentVersion();

    /// <summary>Overrides the structure's retention for consultations addressed to the group (a group administrator; null removes the override).</summary>
    Task SetRetention(Retention.RetentionPolicy? policy, Caller caller);

    /// <summary>The group's retention override, or null.</summary>
    [AlwaysInterleave]
    Task<Retention.RetentionPolicy?> GetRetention();

    /// <summary>Every version's public key and, when <paramref name="member"/> is confirmed, their sealed copy.</summary>
    Task<GroupKeyRingView> GetKeyRing(PractitionerId member);
}
