using System.Globalization;
using Collab.Contracts.Compliance;
using Collab.Contracts.Errors;
using Collab.Web.Access;
using Collab.Web.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace Collab.Web.Components.Compliance;

/// <summary>The operator's register of personal data breaches: recording one, then notifying the people affected.</summary>
public partial class Breaches
{
    [CascadingParameter] private HttpContext HttpContext { get; set; } = null!;

    [SupplyParameterFromForm(FormName = "record-breach")] private ReportForm? PostedReport { get; set; }

    private ReportForm Report => PostedReport ??= new();

    [SupplyParameterFromForm] private NoticeForm? PostedNotice { get; set; }

    private NoticeForm Notice => PostedNotice ??= new();

    private IReadOnlyList<BreachView>? _breaches;
    private IReadOnlyList<Contracts.Directory.StructureEntry> _structures = [];
    private string? _message;
    private string? _error;

    protected override async Task OnInitializedAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        try
        {
            _breaches = await Register.ListAsync(HttpCaller.From(HttpContext));
            _structures = await Directory.StructuresAsync();
        }
        catch (DomainException e) when (e.Code == DomainErrorCode.Forbidden)
        {
            _error = L["Error.Forbidden"];
        }
    }


    private async Task RecordAsync()
    {
        await TryAsync(async () =>
        {
            await Register.RecordAsync(new BreachReport(Report.What ?? "", Paris(Report.OccurredAt), Paris(Report.DetectedAt), Report.Data ?? "", Report.Cause ?? "", Report.Measures),
                HttpCaller.From(HttpContext));
            PostedReport = new();
            _message = L["Breach.Recorded"];
        });
    }

    private async Task NotifyAsync()
    {
        await TryAsync(async () =>
        {
            var emails = (Notice.Emails ?? "").Split(['\n', '\r', ',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var view = await Register.NotifyAsync(Notice.Breach, new BreachAudience(null, Notice.Structures, emails), HttpCaller.From(HttpContext));
            _message = string.Format(CultureInfo.CurrentCulture, L["Breach.NotifiedNow"], view.Notified.Count);
        });
    }

    private async Task TryAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (DomainException e) when (e.Code is DomainErrorCode.InvalidInput or DomainErrorCode.NotFound)
        {
            _error = ErrorText.Of(L, e);
        }
        catch (DomainException e) when (e.Code == DomainErrorCode.Forbidden)
        {
            _error = L["Error.Forbidden"];
        }

        await LoadAsync();
    }

    // The form's datetime-local fields are wall-clock times in Paris.
    private static DateTimeOffset Paris(DateTime? local) => local is { } l ? UiCulture.FromLocal(l) : default;

    private sealed class ReportForm
    {
        public string? What { get; set; }
        public DateTime? OccurredAt { get; set; }
        public DateTime? DetectedAt { get; set; }
        public string? Data { get; set; }
        public string? Cause { get; set; }
        public string? Measures { get; set; }
    }

    private sealed class NoticeForm
    {
        public Guid Breach { get; set; }
        public string? Emails { get; set; }
        public List<Guid> Structures { get; set; } = [];
    }
}
