using Collab.Contracts.Consultations;
using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Grains.Consultations;
using Collab.Web.Components.Conversations;
using Collab.Web.Components.Shared;
using Collab.Web.Consultations;
using Collab.Web.Conversations;
using Collab.Web.Groups;
using Collab.Web.Live;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace Collab.Web.Components.Consultations;

/// <summary>
/// One consultation, live: the page holds the state (the opened consultation, its feed, receipts, presence, typing)
/// and the handlers (the conversation's in <see cref="ConversationPage"/>); <see cref="ConsultationSummary"/>,
/// <see cref="ConsultationRetention"/>, <see cref="ConversationPanel"/> and <see cref="ConsultationActions"/> render their parts.
/// </summary>
public partial class ConsultationPage : ConversationPage
{
    private OpenConsultation? _c;
    private string? _groupName;
    private bool _busy;
    private bool _gone;
    private bool _writable;
    private IReadOnlyDictionary<string, string> _fieldErrors = new Dictionary<string, string>();

    [Inject]
    private GroupService Groups { get; set; } = null!;

    protected override void OnNoLogin() => Error = L["Error.LoginFirst"];

    protected override async Task OnFirstRenderAsync(ConsultationClient client)
    {
        await Guard(async () =>
        {
            await ReloadAsync();
            await StartFeedAsync(client);
        });
        StateHasChanged();
    }

    protected override async Task<ConversationClient?> ConversationClientAsync() => await ClientAsync();

    protected override Task OnStatusChangedAsync() => ReloadAsync();

    private async Task ReloadAsync()
    {
        var client = (await ClientAsync())!;
        _c = await client.OpenAsync(Id);
        var v = _c.View;
        _writable = !ConsultationWorkflow.IsFinal(v.Status);
        foreach (var receipt in v.ReadReceipts)
        {
            Receipts[receipt.Reader] = receipt;
        }

        foreach (var person in new PractitionerId?[] { v.Requester, v.RequiredPractitioner, v.AcceptedBy }.Concat(Receipts.Keys.Select(k => (PractitionerId?)k)))
        {
            await NameAsync(person);
        }

        _groupName = v.RequiredGroup is { } g ? await Groups.NameAsync(g) : null;
    }

    private async Task ActAsync(ConsultationActions.ActionRequest request)
    {
        if (await ClientAsync() is not { } client)
        {
            return;
        }

        if (request.Action == ConsultationAction.Answer && string.IsNullOrWhiteSpace(request.Opinion))
        {
            _fieldErrors = new Dictionary<string, string> { ["opinion"] = L["Request.Required"] };
            return;
        }

        _busy = true;
        await Guard(async () =>
        {
            await client.ActAsync(Id, request.Action, request.Reason, request.Opinion, request.ActCode);
            _fieldErrors = new Dictionary<string, string>();
            await ReloadAsync();
        });
        _busy = false;
    }

    private async Task SetRetentionAsync(int days)
    {
        if (await ClientAsync() is { } client)
        {
            await Guard(async () =>
            {
                await client.SetRetentionAsync(Id, new Contracts.Retention.RetentionPolicy(days));
                await ReloadAsync();
            });
        }
    }

    private async Task MarkBilledAsync()
    {
        if (await ClientAsync() is { } client)
        {
            await Guard(async () =>
            {
                await client.MarkBilledAsync(Id);
                await ReloadAsync();
            });
        }
    }

    // What a grain or the crypto module refuses is shown, never thrown at the circuit.
    protected override async Task Guard(Func<Task> work)
    {
        try
        {
            await work();
            Error = null;
        }
        catch (DomainException e) when (e.Code == DomainErrorCode.Gone)
        {
            _gone = true; // destroyed at the end of its retention: the tombstone replaces the page
            _c = null;
            Error = null;
        }
        catch (DomainException e) when (e.Code != DomainErrorCode.Unauthenticated && e.Errors.Count > 0 && e.Errors.All(f => f.Field is "opinion" or "actCode" or "reason"))
        {
            // Beside the field it concerns, where the user is, rather than at the top of the page.
            _fieldErrors = e.Errors.GroupBy(f => f.Field).ToDictionary(g => g.Key, g => ErrorText.Rule(L, g.First().Rule));
        }
        catch (Exception e) when (ErrorText.Refusal(L, e) is { } refusal)
        {
            Error = refusal;
        }
    }
}
