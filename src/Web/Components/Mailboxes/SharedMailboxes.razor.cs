using Collab.Contracts.Access;
using Collab.Contracts.Directory;
using Collab.Contracts.Mailboxes;
using Collab.Contracts.Practitioners;
using Collab.Web.Components.Shared;
using Collab.Web.Consultations;
using Collab.Web.Mailboxes;
using Microsoft.AspNetCore.Components;

namespace Collab.Web.Components.Mailboxes;

/// <summary>
/// A structure's shared mailboxes, for its administrators: create one (organisational or applicative), grant and
/// withdraw its readers, issue and revoke an applicative mailbox's API keys (a secret shown once). Each mailbox's grain decides.
/// </summary>
public partial class SharedMailboxes
{
    private IReadOnlyList<MailboxView>? _boxes;
    private Guid? _structure;
    private MailboxKind _kind = MailboxKind.Organisational;
    private string? _name;
    private readonly List<DirectoryEntry> _people = [];
    private readonly Dictionary<Guid, List<DirectoryEntry>> _picked = [];
    private string? _error;
    private string? _secret;

    [Inject]
    private IGrainFactory Grains { get; set; } = null!;

    [Inject]
    private MailPost Post { get; set; } = null!;

    [Inject]
    private Structures.StructureService Structures { get; set; } = null!;

    private Caller? Caller { get; set; }

    protected override void OnNoLogin() => _error = L["Error.LoginFirst"];

    protected override async Task OnFirstRenderAsync(ConsultationClient client)
    {
        Caller = client.Caller;
        var standing = await Grains.Grain<IPractitionerGrain>(client.Caller.PractitionerId!.Value).GetStanding();
        _structure = (await Structures.AdministeredByAsync(client.Caller.PractitionerId!.Value, standing.Structure)).Cast<Guid?>().FirstOrDefault();
        await Guard(ReloadAsync);
        StateHasChanged();
    }

    private IMailboxGrain Mail(Guid id) => Grains.Grain<IMailboxGrain>(id);

    private List<DirectoryEntry> Picked(Guid box) => _picked.TryGetValue(box, out var list) ? list : _picked[box] = [];

    private Task CreateAsync() => Guard(async () =>
    {
        var responsible = new PractitionerId(_people[0].Id);
        await Mail(Guid.NewGuid()).Create(new SharedMailboxSpec(_kind, _structure!.Value, _name ?? "", responsible, [.. _people.Skip(1).Select(p => new PractitionerId(p.Id))]), Caller!);
        _people.Clear();
        _name = null;
    });

    private Task GrantAsync(Guid box) => Guard(async () =>
    {
        foreach (var person in Picked(box))
        {
            await Mail(box).Grant(new PractitionerId(person.Id), Caller!);
        }

        Picked(box).Clear();
    });

    private Task IssueAsync(Guid box, MailKeyScopes scopes) => Guard(async () => _secret = (await Mail(box).IssueKey(scopes, Caller!)).Secret);

    private async Task ReloadAsync()
    {
        if (_structure is not { } structure)
        {
            _boxes = [];
            return;
        }

        await Collab.Grains.Access.AccessRules.RequireAdministrator(Grains, Caller!, structure, "see this structure's mailboxes");
        var boxes = new List<MailboxView>();
        foreach (var id in await Post.SharedAsync(null, structure))
        {
            var box = await Mail(id).Get(Caller!);
            boxes.Add(box);
            foreach (var reader in box.Readers ?? [])
            {
                await NameAsync(reader);
            }
        }

        _boxes = boxes;
    }

    // Every change reloads the list; a refusal shows its reason and changes nothing.
    private async Task Guard(Func<Task> work)
    {
        try
        {
            _error = null;
            await work();
            await ReloadAsync();
        }
        catch (Exception e) when (ErrorText.Refusal(L, e) is { } refusal)
        {
            _error = refusal;
        }
    }
}
