using Collab.Contracts.Consultations;
using Collab.Contracts.Practitioners;

namespace Collab.Contracts.Discussions;

/// <summary>
/// What starts a discussion: the colleagues invited (one for a one-to-one), an optional name (a group's label,
/// not patient data: it is stored in clear like a group's name) and the first epoch, sealed to each of them and
/// to the caller.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record DiscussionStart(
    [property: Id(0)] IReadOnlyList<PractitionerId> People,
    [property: Id(1)] string? Name,
    [property: Id(2)] EpochSeal FirstEpoch)
{
    /// <summary>The longest name.</summary>
    public const int MaxNameLength = 100;

    /// <summary>The most members a discussion holds (a whole service talks in its group instead).</summary>
    public const int MaxMembers = 50;
}
