namespace Collab.Web.Groups;

/// <summary>A member's new role in a group: Doctor, Assistant or GroupAdmin.</summary>
public sealed record RoleRequest(string? Role);
