using Collab.Contracts.Practitioners;

namespace Collab.Contracts.Groups;

/// <summary>
/// One member of a group. <see cref="AwaitsGroupAdmin"/>: invited from outside the ring (by a structure admin or
/// the operator), so only a confirmed group admin's explicit confirmation shares the keys with them.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record GroupMemberView(
    [property: Id(0)] PractitionerId Practitioner,
    [property: Id(1)] GroupRole Role,
    [property: Id(2)] MembershipState State,
    [property: Id(3)] bool AwaitsGroupAdmin = false);
