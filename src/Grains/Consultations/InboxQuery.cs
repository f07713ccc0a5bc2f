using Collab.Contracts.Consultations;

namespace Collab.Grains.Consultations;

/// <summary>
/// An inbox query: <see cref="InboxBox.Sent"/> and <see cref="InboxBox.Received"/> look at
/// <see cref="Practitioner"/>, <see cref="InboxBox.Groups"/> at <see cref="Groups"/>. A request shows in
/// the required party's boxes once it was sent (a draft, even cancelled, is the requester's only).
/// </summary>
public sealed record InboxQuery(Guid Practitioner, IReadOnlyList<Guid> Groups, InboxBox Box, ConsultationStatus? Status, int Limit);
