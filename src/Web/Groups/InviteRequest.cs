namespace Collab.Web.Groups;

public sealed record InviteRequest(Guid Practitioner, string? Role);
