using Collab.Contracts.Audit;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Web.Access;
using Collab.Web.Audit;
using Collab.Web.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace Collab.Web.Components.Audit;

/// <summary>The audit trail as an administrator may read it: who did what, when, filtered.</summary>
public partial class AuditViewer
{
    private const int PageSize = 200;

    [CascadingParameter] private HttpContext HttpContext { get; set; } = null!;

    [SupplyParameterFromQuery] public Guid? Structure { get; set; }
    [SupplyParameterFromQuery] public string? Consultation { get; set; }
    [SupplyParameterFromQuery] public string? Actor { get; set; }
    [SupplyParameterFromQuery] public string? ObjectId { get; set; }
    [SupplyParameterFromQuery] public string? Action { get; set; }
    [SupplyParameterFromQuery] public string? Category { get; set; }
    [SupplyParameterFromQuery] public DateTime? From { get; set; }
    [SupplyParameterFromQuery] public DateTime? To { get; set; }

    private IReadOnlyList<AuditRow>? _rows;
    private IReadOnlyList<ReaderSummary>? _readers;
    private string? _error;

    private string ExportLink => "/api/v1/audit/export.csv" + QueryString.Create(new Dictionary<string, string?>
    {
        ["structure"] = Structure?.ToString(),
        ["actor"] = Actor,
        ["objectId"] = Blank(Consultation) ?? ObjectId,
        ["action"] = Action,
        ["category"] = Category,
        ["from"] = From?.ToString("yyyy-MM-dd"),
        ["to"] = To?.AddDays(1).ToString("yyyy-MM-dd"),
    }.Where(p => !string.IsNullOrWhiteSpace(p.Value)));

    protected override async Task OnInitializedAsync()
    {
        var caller = HttpCaller.From(HttpContext);
        var standing = await Account.StandingAsync(caller);
        // An administrator sees their structure (the first they administer); an operator everything.
        Structure ??= standing.IsOperator ? null : (await Structures.AdministeredByAsync(caller.PractitionerId!.Value, standing.Structure)) is [var first, ..] ? first : standing.Structure;
        try
        {
            if (Blank(Consultation) is { } consultation)
            {
                _readers = Guid.TryParse(consultation, out var id)
                    ? await Audit.ReadersAsync(id, Structure, caller)
                    : throw DomainException.Invalid([new("consultation", "is a consultation id (a GUID)")]);
            }

            var from = From is { } f ? new DateTimeOffset(DateTime.SpecifyKind(f.Date, DateTimeKind.Utc)) : (DateTimeOffset?)null;
            var to = To is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t.Date.AddDays(1), DateTimeKind.Utc)) : (DateTimeOffset?)null;
            _rows = await Audit.QueryAsync(
                new AuditQuery(Structure, Blank(Actor), null, Blank(Consultation) ?? Blank(ObjectId), Blank(Action), Blank(Category), from, to, PageSize), caller);
            var people = _rows.Select(r => PractitionerOf(r.Actor)).Concat(_rows.Where(r => r.ObjectType == "practitioner").Select(r => PractitionerOf("practitioner:" + r.ObjectId)));
            _names = await Practitioners.NamesAsync(people.Where(p => p is not null).Distinct());
        }
        catch (DomainException e)
        {
            _error = ErrorText.Of(L, e);
        }
    }

    private Dictionary<PractitionerId, string> _names = [];

    /// <summary>"practitioner:&lt;id&gt;" as the person's name; anything else (the system, a job) in words or as is.</summary>
    private string ActorText(string actor) =>
        PractitionerOf(actor) is { } id ? _names.GetValueOrDefault(id, actor)
        : actor is "system" or "" ? L["Audit.System"]
        : actor;

    /// <summary>"consultation.item.seen" → "a lu les messages".</summary>
    private string ActionText(string action) => L[$"AuditAction.{action}"] is { ResourceNotFound: false } words ? words : action;

    private string ObjectText(string type, string id)
    {
        var kind = L[$"AuditObject.{type}"] is { ResourceNotFound: false } words ? words.Value : type;
        var name = type == "practitioner" && PractitionerOf("practitioner:" + id) is { } p && _names.TryGetValue(p, out var n) ? n : Short(id);
        return $"{kind} {name}";
    }

    // Ids are long: their last 8 characters (random even in time-ordered ids) tell rows apart on screen; the whole id is in the cell's title and the export.
    private static string Short(string id) => id.Length > 8 ? "…" + id[^8..] : id;

    private static PractitionerId? PractitionerOf(string actor) =>
        actor.StartsWith("practitioner:", StringComparison.Ordinal) && Guid.TryParse(actor.AsSpan("practitioner:".Length), out var id) ? new PractitionerId(id) : null;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
