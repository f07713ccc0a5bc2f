using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Contracts.Practitioners;
using Collab.Web.Access;
using Microsoft.AspNetCore.Components;

namespace Collab.Web.Components.Groups;

/// <summary>The practitioner's groups: invitations to accept, members, and handing the group's keys to new members.</summary>
public partial class GroupsPage
{
    [CascadingParameter] private HttpContext HttpContext { get; set; } = null!;

    private Guid _me;
    private readonly List<GroupView> _groups = [];
    private readonly Dictionary<Guid, string> _names = [];

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
        _groups.Clear();
        foreach (var id in await Account.GroupsAsync(caller))
        {
            try
            {
                _groups.Add(await Groups.ReadAsync(id, HttpContext));
            }
            catch (DomainException e) when (e.Code is DomainErrorCode.Forbidden or DomainErrorCode.NotFound)
            {
                // left or removed meanwhile
            }
        }

        foreach (var (member, name) in await Practitioners.NamesAsync(_groups.SelectMany(g => g.Members).Select(m => (PractitionerId?)m.Practitioner)))
        {
            _names[member.Value] = name;
        }
    }

    private bool IsGroupAdmin(GroupView group) =>
        group.Members.Any(m => m.Practitioner.Value == _me && m.Role == GroupRole.GroupAdmin && m.State == MembershipState.Confirmed);

    // An invitation from outside the group: the group admin's explicit decision hands over the keys.
    private async Task ShareKeysAsync(Guid group, Collab.Contracts.Practitioners.PractitionerId member)
    {
        await Groups.ConfirmAsync(group, member.Value, HttpContext);

        await LoadAsync();
    }

    private async Task AcceptAsync(Guid group)
    {
        await Groups.AcceptAsync(group, HttpCaller.From(HttpContext));
        await LoadAsync();
    }
}
