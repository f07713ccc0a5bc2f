using Collab.Contracts.Audit;
using Collab.Contracts.Errors;
using Collab.Web.Access;
using Collab.Web.Audit;
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
        }
        catch (DomainException e)
        {
            _error = e.Code == DomainErrorCode.Forbidden ? L["Error.Forbidden"] : string.Join(" ", e.Errors.Select(x => $"{x.Field} : {x.Rule}.").DefaultIfEmpty(e.Message));
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
