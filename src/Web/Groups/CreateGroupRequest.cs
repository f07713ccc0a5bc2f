namespace Collab.Web.Groups;

/// <summary>
/// A new group; its founder (the caller when not given) becomes its first group admin and holds its keys. With
/// <see cref="NetworkSpecialty"/>, a specialist network that any validated practitioner may ask anonymously.
/// </summary>
public sealed record CreateGroupRequest(string? Name, Guid? Structure, Guid? Founder = null, string? NetworkSpecialty = null);
