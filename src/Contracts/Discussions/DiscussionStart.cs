using Collab.Contracts.Consultations;
using Collab.Contracts.Practitioners;

namespace Collab.Contracts.Discussions;

/// <summary>
/// What starts a discussion: the colleagues invited (one for a one-to-one), an optional name (a group's label,
/// not patient data: it is stored in clear like a group's name) and the first epoch, sealed to each of them and
/// to the caller. With <see cref="Group"/>, a whole group or service talks: the caller is one of its confirmed members
/// and <see cref="People"/> holds every other one (its members of that moment; later arrivals are added like anyone).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DiscussionStart(
    [property: Id(0)] IReadOnlyList<PractitionerId> People,
    [property: Id(1)] string? Name,
    [property: Id(2)] EpochSeal FirstEpoch,
    [property: Id(3)] Guid? Group = null)
{
    /// <summary>The longest name.</summary>
    public const int MaxNameLength = 100;

    /// <summary>The most members a discussion holds (a whole service talks in its group instead).</summary>
    public const int MaxMembers = 50;
}
