using Collab.Contracts.Practitioners;

namespace Collab.Contracts.Conversations;

/// <summary>Who a new epoch is sealed to: <paramref name="People"/> each get their own copy; <paramref name="Group"/>'s current key version one more.</summary>
[GenerateSerializer, Immutable]
public sealed record ConversationRecipients([property: Id(0)] IReadOnlyList<PractitionerId> People, [property: Id(1)] Guid? Group);
