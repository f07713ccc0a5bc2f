using Collab.Contracts.Practitioners;

namespace Collab.Contracts.Calls;

/// <summary>
/// Told to one member wherever they are in the app: a call of a conversation of theirs started (<see cref="Ringing"/>)
/// or ended. Says who started it and which conversation, never anything of its content.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CallRing(
    [property: Id(0)] PractitionerId To,
    [property: Id(1)] Guid Conversation,
    [property: Id(2)] bool Discussion,
    [property: Id(3)] PractitionerId By,
    [property: Id(4)] CallMedia Media,
    [property: Id(5)] bool Ringing);
