using Collab.Contracts.Errors;
using Collab.Contracts.Practitioners;
using Collab.Web.Access;
using Collab.Web.Account;
using Collab.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using QRCoder;

namespace Collab.Web.Components.Account;

/// <summary>The account holder's security page: the password proved again, an authenticator app (TOTP), remembered devices, and deleting the account.</summary>
public partial class Security
{
    [CascadingParameter] private HttpContext HttpContext { get; set; } = null!;

    [SupplyParameterFromForm(FormName = "totp-confirm", Name = "Confirm")]
    private CodeForm? PostedConfirm { get; set; }

    private CodeForm Confirm => PostedConfirm ??= new();

    [SupplyParameterFromForm(FormName = "reauth", Name = "Reauth")]
    private PasswordForm? PostedReauth { get; set; }

    private PasswordForm Reauth => PostedReauth ??= new();

    private EditContext _reauthContext = null!;
    private ValidationMessageStore _reauthErrors = null!;
    private bool _recent;
    private EditContext _context = null!;
    private ValidationMessageStore _errors = null!;
    private TotpEnrollment? _enrollment;
    private string? _qr;
    private bool _enabled;
    private IReadOnlyList<RememberedDevice> _devices = [];
    private IReadOnlyList<SessionView> _sessions = [];
    private IReadOnlyList<Passkey> _passkeys = [];

    [SupplyParameterFromForm(FormName = "password", Name = "NewPassword")]
    private ChangeForm? PostedPassword { get; set; }

    private ChangeForm NewPassword => PostedPassword ??= new();

    private EditContext _passwordContext = null!;
    private ValidationMessageStore _passwordErrors = null!;
    private bool _passwordChanged;

    private Contracts.Access.Caller Me => HttpCaller.From(HttpContext);

    protected override async Task OnInitializedAsync()
    {
        _context = new EditContext(Confirm);
        _errors = new ValidationMessageStore(_context);
        _reauthContext = new EditContext(Reauth);
        _reauthErrors = new ValidationMessageStore(_reauthContext);
        _passwordContext = new EditContext(NewPassword);
        _passwordErrors = new ValidationMessageStore(_passwordContext);
        if (HttpContext.User.Identity?.IsAuthenticated != true)
        {
            Navigation.NavigateTo("/login");
            return;
        }

        _recent = Account.RecentlyAuthenticated(HttpContext);
        _devices = await Account.DevicesAsync(Me);
        _sessions = await Account.SessionsAsync(HttpContext);
        _passkeys = await Account.PasskeysAsync(Me);
    }

    private async Task RemovePasskeyAsync(Guid passkey)
    {
        if (!_recent)
        {
            return;
        }

        await Account.RemovePasskeyAsync(passkey, Me);
        _passkeys = await Account.PasskeysAsync(Me);
    }

    private async Task LogOutEverywhereAsync()
    {
        await Account.LogOutEverywhereAsync(HttpContext);
        Navigation.NavigateTo("/login", forceLoad: true);
    }

    private async Task ForgetDeviceAsync(Guid device)
    {
        if (!_recent)
        {
            return;
        }

        await Account.RevokeDeviceAsync(device, Me);
        _devices = await Account.DevicesAsync(Me);
    }

    private async Task ReauthenticateAsync()
    {
        try
        {
            await Account.ReauthenticateAsync(Reauth.Password, HttpContext);
        }
        catch (DomainException e)
        {
            FormErrors.Show(_reauthContext, _reauthErrors, e, L);
            return;
        }

        Navigation.NavigateTo("/security");
    }

    [SupplyParameterFromForm(FormName = "delete-account")] private bool ConfirmDelete { get; set; }

    private string? _deleteError;

    private async Task DeleteAsync()
    {
        if (!_recent || !ConfirmDelete)
        {
            return;
        }

        try
        {
            await Account.DeleteAccountAsync(HttpContext);
        }
        catch (DomainException e) when (e.Code == DomainErrorCode.Conflict)
        {
            _deleteError = ErrorText.Of(L, e);
            return;
        }

        Navigation.NavigateTo("/?deleted=1", forceLoad: true);
    }

    private async Task BeginAsync()
    {
        if (!_recent)
        {
            return;
        }

        _enrollment = await Account.BeginTotpAsync(Me);
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(_enrollment.OtpAuthUri, QRCodeGenerator.ECCLevel.M);
        _qr = "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(5));
    }

    private async Task ConfirmAsync()
    {
        if (!_recent)
        {
            return;
        }

        try
        {
            await Account.ConfirmTotpAsync(Confirm.Code, Me);
            _enabled = true;
        }
        catch (DomainException e)
        {
            FormErrors.Show(_context, _errors, e, L);
        }
    }

    // The current password unwraps the keys again (throttled like a login); every other session of the account ends.
    private async Task ChangePasswordAsync()
    {
        _passwordErrors.Clear();
        if (NewPassword.NewPassword != NewPassword.Repeat)
        {
            _passwordErrors.Add(_passwordContext.Field(nameof(ChangeForm.Repeat)), L["Password.Mismatch"]);
            _passwordContext.NotifyValidationStateChanged();
            return;
        }

        try
        {
            await Account.ChangePasswordAsync(new Collab.Web.Account.ChangePasswordRequest(NewPassword.CurrentPassword, NewPassword.NewPassword), HttpContext);
            _passwordChanged = true;
            PostedPassword = new();
            _passwordContext = new EditContext(NewPassword);
            _passwordErrors = new ValidationMessageStore(_passwordContext);
        }
        catch (DomainException e)
        {
            FormErrors.Show(_passwordContext, _passwordErrors, e, L);
        }
    }

    private sealed class ChangeForm
    {
        public string? CurrentPassword { get; set; }

        public string? NewPassword { get; set; }

        public string? Repeat { get; set; }
    }

    private sealed class PasswordForm
    {
        public string? Password { get; set; }
    }

    private sealed class CodeForm
    {
        public string? Code { get; set; }
    }
}
