namespace Collab.Web.Structures;

public sealed record AddAdminRequest(Guid Practitioner);
