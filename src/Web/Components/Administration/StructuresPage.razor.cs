using Collab.Contracts.Directory;
using Collab.Contracts.Errors;
using Collab.Contracts.Structures;
using Collab.Web.Access;
using Collab.Web.Components.Shared;
using Collab.Web.Directory;
using Collab.Web.Structures;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace Collab.Web.Components.Administration;

/// <summary>The structures: all of them for the operator, who creates one with its first administrator; an administrator's own otherwise.</summary>
public partial class StructuresPage
{
    [CascadingParameter] private HttpContext HttpContext { get; set; } = null!;

    [Inject] private DirectoryService Directory { get; set; } = null!;

    [Inject] private StructureService Structures { get; set; } = null!;

    [Inject] private Collab.Web.Account.AccountService Account { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    [SupplyParameterFromForm(FormName = "new-structure", Name = "Form")]
    private StructureForm? PostedForm { get; set; }

    private StructureForm Form => PostedForm ??= new();

    private EditContext _context = null!;
    private ValidationMessageStore _errors = null!;
    private IReadOnlyList<StructureEntry> _structures = [];
    private bool _isOperator;
    private bool _forbidden;

    protected override async Task OnInitializedAsync()
    {
        _context = new EditContext(Form);
        _errors = new ValidationMessageStore(_context);
        if (HttpContext.User.Identity?.IsAuthenticated != true)
        {
            Navigation.NavigateTo("/login");
            return;
        }

        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var caller = HttpCaller.From(HttpContext);
        var standing = await Account.StandingAsync(caller);
        _isOperator = standing.IsOperator;
        var all = await Directory.StructuresAsync();
        if (_isOperator)
        {
            _structures = all;
            return;
        }

        var mine = await Structures.AdministeredByAsync(caller.PractitionerId!.Value, standing.Structure);
        _structures = [.. all.Where(s => mine.Contains(s.Id))];
        _forbidden = _structures.Count == 0;
    }

    private async Task CreateAsync()
    {
        try
        {
            var admin = await Directory.FindByEmailAsync(Form.FirstAdmin)
                ?? throw DomainException.Invalid([new("firstAdmin", "no account has this address: the administrator registers first")]);
            var card = await Structures.CreateAsync(new StructureInfo(Form.Name?.Trim() ?? "", Form.Finess?.Trim() ?? "", Form.City?.Trim() ?? ""), admin, HttpCaller.From(HttpContext));
            Navigation.NavigateTo($"/admin/structures/{card.Id}");
        }
        catch (DomainException e)
        {
            FormErrors.Show(_context, _errors, e, L);
        }
    }

    private sealed class StructureForm
    {
        public string? Name { get; set; }
        public string? Finess { get; set; }
        public string? City { get; set; }
        public string? FirstAdmin { get; set; }
    }
}
