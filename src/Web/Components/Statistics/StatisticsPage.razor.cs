using System.Globalization;
using Collab.Contracts.Directory;
using Collab.Contracts.Errors;
using Collab.Contracts.Statistics;
using Collab.Web.Access;
using Collab.Web.Components.Shared;
using Collab.Web.Statistics;
using Microsoft.AspNetCore.Components;

namespace Collab.Web.Components.Statistics;

/// <summary>
/// <c>/admin/statistics</c>: a structure's tele-expertise activity for its administrators (all structures together, or
/// one, for the operator): charts drawn on the server with their numbers in tables, each table as CSV.
/// </summary>
public partial class StatisticsPage
{
    [CascadingParameter] private HttpContext HttpContext { get; set; } = null!;

    [Inject] private StatisticsService Statistics { get; set; } = null!;

    [Inject] private Collab.Web.Directory.DirectoryService Directory { get; set; } = null!;

    [Inject] private Structures.StructureService Structures { get; set; } = null!;

    [Inject] private Collab.Web.Account.AccountService Account { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    [SupplyParameterFromQuery(Name = "structure")] private Guid? Structure { get; set; }

    [SupplyParameterFromQuery(Name = "from")] private string? From { get; set; }

    [SupplyParameterFromQuery(Name = "to")] private string? To { get; set; }

    private bool _isOperator;
    private bool _forbidden;
    private string? _error;
    private IReadOnlyList<StructureEntry> _structures = [];
    private ConsultationStatistics? _stats;

    protected override async Task OnInitializedAsync()
    {
        if (HttpContext.User.Identity?.IsAuthenticated != true)
        {
            Navigation.NavigateTo("/login");
            return;
        }

        var caller = HttpCaller.From(HttpContext);
        var standing = await Account.StandingAsync(caller);
        _isOperator = standing.IsOperator;
        var all = await Directory.StructuresAsync();
        var mine = _isOperator ? [.. all.Select(s => s.Id)] : await Structures.AdministeredByAsync(caller.PractitionerId!.Value, standing.Structure);
        _structures = [.. all.Where(s => mine.Contains(s.Id))];
        if (!_isOperator && _structures.Count == 0)
        {
            _forbidden = true;
            return;
        }

        Structure ??= _isOperator ? null : _structures[0].Id;
        try
        {
            _stats = await Statistics.ReadAsync(Structure, Date(From), Date(To), caller);
        }
        catch (DomainException e) when (e.Code == DomainErrorCode.Forbidden)
        {
            _forbidden = true;
        }
        catch (DomainException e)
        {
            _error = ErrorText.Of(L, e);
        }
    }

    private static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    private string CsvLink(string table) =>
        $"/api/v1/statistics/{table}.csv?from={_stats!.From:yyyy-MM-dd}&to={_stats.To:yyyy-MM-dd}" + (Structure is { } s ? $"&structure={s}" : "");

    private string Text(StatCount count) => count.Value is { } n ? n.ToString("N0", CultureInfo.CurrentCulture) : L["Stats.Masked"];

    // Hours as people read them: "5 h", "2 j 4 h".
    private string Duration(double? hours) => hours switch
    {
        null => "—",
        < 24 => string.Create(CultureInfo.CurrentCulture, $"{hours:0.#} h"),
        { } h => string.Format(CultureInfo.CurrentCulture, L["Stats.DaysHours"], (int)(h / 24), (int)Math.Round(h % 24)),
    };
}
