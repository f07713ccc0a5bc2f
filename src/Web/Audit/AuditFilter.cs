using Collab.Contracts.Audit;

namespace Collab.Web.Audit;

/// <summary>The viewer's filters, as query-string parameters.</summary>
public sealed record AuditFilter(
    Guid? Structure, string? Actor, string? ObjectType, string? ObjectId, string? Action, string? Category,
    DateTimeOffset? From, DateTimeOffset? To, int? Limit, DateTimeOffset? BeforeTime, Guid? BeforeId)
{
    public AuditQuery ToQuery() => new(
        Structure, Blank(Actor), Blank(ObjectType), Blank(ObjectId), Blank(Action), Blank(Category), From, To, Limit ?? 200, BeforeTime, BeforeId);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
