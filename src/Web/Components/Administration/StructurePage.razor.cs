using Collab.Contracts.Directory;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Contracts.Retention;
using Collab.Contracts.Structures;
using Collab.Web.Access;
using Collab.Web.Components.Shared;
using Collab.Web.Directory;
using Collab.Web.Groups;
using Collab.Web.Practitioners;
using Collab.Web.Structures;
using Microsoft.AspNetCore.Components;

namespace Collab.Web.Components.Administration;

/// <summary>
/// One structure, for its administrators and the operator: its groups (and a new one), its accounts (suspend,
/// reactivate), its administrators (and a new one, given the recovery key when the caller holds it), its retention.
/// </summary>
public partial class StructurePage
{
    [Parameter] public Guid Id { get; set; }

    [CascadingParameter] private HttpContext HttpContext { get; set; } = null!;

    [Inject] private DirectoryService Directory { get; set; } = null!;

    [Inject] private StructureService Structures { get; set; } = null!;

    [Inject] private GroupService Groups { get; set; } = null!;

    [Inject] private PractitionerService Practitioners { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    [SupplyParameterFromForm] private string? GroupName { get; set; }

    [SupplyParameterFromForm] private string? Founder { get; set; }

    [SupplyParameterFromForm] private string? NetworkSpecialty { get; set; }

    [SupplyParameterFromForm] private string? AdminEmail { get; set; }

    [SupplyParameterFromForm] private int? RetentionDays { get; set; }

    [SupplyParameterFromForm] private string? TemporaryPassword { get; set; }

    [SupplyParameterFromForm] private string? Reason { get; set; }

    private StructureCard? _card;
    private IReadOnlyList<DirectoryEntry> _accounts = [];
    private IReadOnlyList<DirectoryEntry> _groups = [];
    private Dictionary<PractitionerId, string> _names = [];
    private RetentionPolicy? _retention;
    private bool _forbidden;
    private bool _holdsRecoveryKey;
    private string? _message;
    private bool _failed;

    protected override async Task OnInitializedAsync()
    {
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
        try
        {
            var entries = await Directory.StructureEntriesAsync(Id, caller);
            _accounts = [.. entries.Where(e => e.Kind == DirectoryKind.Practitioner)];
            _groups = [.. entries.Where(e => e.Kind == DirectoryKind.Group)];
            _card = await Structures.DescribeAsync(Id, caller);
            _names = await Practitioners.NamesAsync(_card?.Admins?.Select(a => (PractitionerId?)a) ?? []);
            _retention = await Structures.RetentionAsync(Id);
            _holdsRecoveryKey = await Structures.HoldsRecoveryKeyAsync(Id, caller);
        }
        catch (DomainException e) when (e.Code is DomainErrorCode.Forbidden or DomainErrorCode.NotFound)
        {
            _forbidden = true;
        }
    }

    private Task CreateGroupAsync() => ActAsync(async caller =>
    {
        var founder = string.IsNullOrWhiteSpace(Founder) ? caller.PractitionerId : await AccountByEmailAsync(Founder, "founder");
        var group = await Groups.CreateAsync(GroupName, Id, founder, caller, NetworkSpecialty);
        Navigation.NavigateTo($"/groups/{group.Id}");
    });

    private Task AddAdminAsync() => ActAsync(async _ => await Structures.AddAdminAsync(Id, await AccountByEmailAsync(AdminEmail, "admin"), HttpContext));

    private Task RemoveAdminAsync(Guid admin) => ActAsync(caller => Structures.RemoveAdminAsync(Id, admin, caller));

    private Task SetRetentionAsync() => ActAsync(caller => Structures.SetRetentionAsync(Id, new RetentionPolicy(RetentionDays ?? 0), caller));

    // The member's same private key under a temporary password the admin passes on; the member changes it at login.
    private Task ResetPasswordAsync(Guid account) => ActAsync(_ => Practitioners.ResetPasswordAsync(account, TemporaryPassword, HttpContext));

    private Task DecideAsync(Guid account, AccountDecision decision) => ActAsync(caller => Practitioners.DecideAsync(account, decision, caller, Reason));

    private async Task<Guid> AccountByEmailAsync(string? email, string field) =>
        await Directory.FindByEmailAsync(email) ?? throw DomainException.Invalid([new(field, "no account has this address")]);

    // Every action: done and said, or refused and said why; the page shows the structure as it now is.
    private async Task ActAsync(Func<Contracts.Access.Caller, Task> action)
    {
        (_message, _failed) = await PageAction.RunAsync(L, () => action(HttpCaller.From(HttpContext)));
        await LoadAsync();
    }
}
