namespace Portal.Pages.Account;

public sealed class AccessDeniedModel : PortalPage
{
    public void OnGet() { }
}
