using Collab.Contracts.Directory;
using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Contracts.Practitioners;
using Collab.Web.Access;
using Collab.Web.Components.Shared;
using Collab.Web.Directory;
using Collab.Web.Groups;
using Collab.Web.Practitioners;
using Microsoft.AspNetCore.Components;

namespace Collab.Web.Components.Groups;

/// <summary>
/// One group: its members, roles and where each stands with the group's keys (in plain words); for its group admins
/// and its structure's administrators, inviting through the directory and removing; for a group admin holding the
/// keys, handing them to those invited from outside the group.
/// </summary>
public partial class GroupPage
{
    [Parameter] public Guid Id { get; set; }

    [CascadingParameter] private HttpContext HttpContext { get; set; } = null!;

    [Inject] private GroupService Groups { get; set; } = null!;

    [Inject] private DirectoryService Directory { get; set; } = null!;

    [Inject] private PractitionerService Practitioners { get; set; } = null!;

    [Inject] private Collab.Web.Account.AccountService Account { get; set; } = null!;

    [Inject] private NavigationManager Navigation { get; set; } = null!;

    [SupplyParameterFromQuery] private string? Q { get; set; }

    [SupplyParameterFromForm] private GroupRole? Role { get; set; }

    [SupplyParameterFromForm] private int? RetentionDays { get; set; }

    private Guid _me;
    private GroupView? _group;
    private Dictionary<PractitionerId, string> _names = [];
    private IReadOnlyList<DirectoryEntry>? _found;
    private bool _manages;
    private Contracts.Retention.RetentionPolicy? _retention;
    private string? _message;
    private bool _failed;

    private GroupMemberView? Mine => _group?.Members.FirstOrDefault(m => m.Practitioner.Value == _me);

    private bool HoldsKeysAsGroupAdmin => Mine is { Role: GroupRole.GroupAdmin, State: MembershipState.Confirmed };

    protected override async Task OnInitializedAsync()
    {
        if (Collab.Web.Account.SessionCookies.PractitionerOf(HttpContext.User) is not { } me || HttpContext.User.Identity?.IsAuthenticated != true)
        {
            Navigation.NavigateTo("/login");
            return;
        }

        _me = me;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var caller = HttpCaller.From(HttpContext);
        try
        {
            _group = await Groups.ReadAsync(Id, HttpContext);
        }
        catch (DomainException e) when (e.Code is DomainErrorCode.Forbidden or DomainErrorCode.NotFound)
        {
            _group = null;
            return;
        }

        _names = await Practitioners.NamesAsync(_group.Members.Select(m => (PractitionerId?)m.Practitioner));
        var standing = await Account.StandingAsync(caller);
        _manages = HoldsKeysAsGroupAdmin || standing.IsOperator
            || (_group.Info.Structure is { } structure && await Groups.IsStructureAdminAsync(structure, _me));
        _retention = _manages ? await Groups.RetentionAsync(Id) : null;
        if (_manages && !string.IsNullOrWhiteSpace(Q))
        {
            _found = (await Directory.SearchAsync(new DirectoryQuery(Q.Trim(), DirectoryKind.Practitioner, null, null, null, null, 1, 20), caller)).Entries;
        }
    }

    private Task InviteAsync(Guid practitioner) => ActAsync(caller => Groups.InviteAsync(Id, practitioner, Role ?? GroupRole.Doctor, caller));

    private Task SetRoleAsync(Guid member) => ActAsync(caller => Groups.SetRoleAsync(Id, member, Role ?? GroupRole.Doctor, caller));

    // Blank: the group follows its structure's retention again.
    private Task SetRetentionAsync() => ActAsync(caller => Groups.SetRetentionAsync(Id, RetentionDays is { } days ? new Contracts.Retention.RetentionPolicy(days) : null, caller));

    private Task RemoveAsync(Guid member) => ActAsync(caller => Groups.RemoveAsync(Id, member, caller));

    private Task ShareKeysAsync(Guid member) => ActAsync(_ => Groups.ConfirmAsync(Id, member, HttpContext));

    private Task AcceptAsync() => ActAsync(caller => Groups.AcceptAsync(Id, caller));

    private async Task ActAsync(Func<Contracts.Access.Caller, Task> action)
    {
        (_message, _failed) = await PageAction.RunAsync(L, () => action(HttpCaller.From(HttpContext)));
        await LoadAsync();
    }
}
