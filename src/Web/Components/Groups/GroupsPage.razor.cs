using Collab.Contracts.Errors;
using Collab.Contracts.Groups;
using Collab.Web.Access;
using Microsoft.AspNetCore.Components;

namespace Collab.Web.Components.Groups;

/// <summary>The practitioner's groups, with their role and standing in each; invitations to accept. Each group's page has its members.</summary>
public partial class GroupsPage
{
    [CascadingParameter] private HttpContext HttpContext { get; set; } = null!;

    private Guid _me;
    private readonly List<GroupView> _groups = [];

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
    }

    private async Task AcceptAsync(Guid group)
    {
        await Groups.AcceptAsync(group, HttpCaller.From(HttpContext));
        await LoadAsync();
    }
}
