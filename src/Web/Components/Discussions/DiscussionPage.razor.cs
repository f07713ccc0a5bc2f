using Collab.Contracts.Access;
using Collab.Contracts.Directory;
using Collab.Contracts.Discussions;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Web.Components.Conversations;
using Collab.Web.Components.Shared;
using Collab.Web.Consultations;
using Collab.Web.Conversations;

namespace Collab.Web.Components.Discussions;

/// <summary>One discussion between colleagues, live: the conversation (<see cref="ConversationPage"/>), its members and name.</summary>
public partial class DiscussionPage
{
    private DiscussionView? _view;
    private readonly List<DirectoryEntry> _toAdd = [];
    private string? _name;
    private bool _removed;
    private bool _withHistory;

    private Caller? Caller { get; set; }

    private static int ExpiryDays => Collab.Contracts.Retention.RetentionPolicy.Discussion.Days;

    protected override void OnNoLogin() => Error = L["Error.LoginFirst"];

    protected override async Task OnFirstRenderAsync(ConsultationClient client)
    {
        Caller = client.Caller;
        var discussions = (await DiscussionsAsync())!;
        await Guard(async () =>
        {
            await OnStatusChangedAsync();
            await StartFeedAsync(discussions);
        });
        StateHasChanged();
    }

    protected override async Task<ConversationClient?> ConversationClientAsync() => await DiscussionsAsync();

    protected override async Task OnStatusChangedAsync()
    {
        try
        {
            _view = await (await DiscussionsAsync())!.GetAsync(Id);
        }
        catch (DomainException e) when (e.Code == DomainErrorCode.Forbidden && _view is not null)
        {
            _removed = true; // removed (or left in another tab) while the page was open: it keeps what it showed
            return;
        }

        _name = _view.Name;
        foreach (var member in _view.Members)
        {
            await NameAsync(member);
        }
    }

    private Task AddAsync() => Act(async d =>
    {
        await d.AddMembersAsync(Id, [.. _toAdd.Select(c => new PractitionerId(c.Id))], _withHistory);
        _toAdd.Clear();
        _withHistory = false;
    });

    private Task RemoveAsync(PractitionerId member) => Act(d => d.RemoveMemberAsync(Id, member));

    private Task RenameAsync() => Act(d => d.RenameAsync(Id, _name ?? ""));

    private Task MuteAsync() => Act(d => d.MuteAsync(Id, !_view!.Muted));

    private Task KeepAsync() => Act(d => d.KeepAsync(Id, !_view!.Keep));

    // The members the message names with @ are told (the server cannot read it).
    protected override async Task OnSentAsync(long place, string text)
    {
        if (_view is not null && await DiscussionsAsync() is { } discussions)
        {
            await discussions.MentionAsync(Id, place, text, _view.Members.ToDictionary(m => m, m => NameOf(m)));
        }
    }

    private async Task LeaveAsync()
    {
        await Act(d => d.LeaveAsync(Id), reload: false);
        if (Error is null)
        {
            Navigation.NavigateTo("/discussions");
        }
    }

    // A change, then the discussion as it now is (the live event redraws the other members' pages).
    private async Task Act(Func<Collab.Web.Discussions.DiscussionClient, Task> change, bool reload = true)
    {
        if (await DiscussionsAsync() is not { } discussions)
        {
            return;
        }

        await Guard(async () =>
        {
            await change(discussions);
            if (reload)
            {
                await OnStatusChangedAsync();
            }
        });
    }

    protected override async Task Guard(Func<Task> work)
    {
        try
        {
            await work();
            Error = null;
        }
        catch (Exception e) when (ErrorText.Refusal(L, e) is { } refusal)
        {
            Error = refusal;
        }
    }
}
