namespace Portal.Tests.Localisation;

/// <summary>
/// Which pages are in the languages of the portal and which stay English (issue #19; docs/LANGUAGES.md): the pages a
/// resident or a referred person sees are translated; staff-only pages (curators, admins, providers' management,
/// practitioners' referral forms) are English in this pass. Every page is in one list or the other (PortalTextTests).
/// </summary>
public static class LanguageScope
{
    /// <summary>Pages (under services/Portal/Pages) shown in the reader's language.</summary>
    public static readonly string[] Translated =
    [
        "Shared/_Layout.cshtml", "Shared/_SearchForm.cshtml", "Shared/_PrintLayout.cshtml", "Shared/_PrintSheet.cshtml",
        "Index.cshtml", "Search.cshtml", "Language.cshtml", "EasyRead.cshtml",
        "Services/Detail.cshtml", "Services/Feedback.cshtml", "Services/SelfRefer.cshtml", "Services/Leaflet.cshtml",
        "Account/SignIn.cshtml", "Account/SignUp.cshtml",
        "Referrals/Print.cshtml", "ShortlistPrint.cshtml",
        "Shared/_Field.cshtml", "Shared/_Messages.cshtml", "Shared/_Notices.cshtml", "Shared/_EasyFacts.cshtml",
        "Shared/_CrisisBanner.cshtml", "Shared/_ListingFeedback.cshtml", "Shared/_TellHub.cshtml",
    ];

    /// <summary>Pages that stay English for now: staff-only, or account and error pages not yet translated.</summary>
    public static readonly string[] EnglishOnly =
    [
        // Staff only.
        "Admin/Applications/Decide.cshtml", "Admin/Applications/Index.cshtml", "Admin/Audit.cshtml", "Admin/Operations.cshtml",
        "Admin/Organisations/Index.cshtml", "Admin/Organisations/Staff.cshtml", "Admin/Retention.cshtml", "Admin/Teams/Index.cshtml",
        "Admin/Users.cshtml",
        "Curator/Amend.cshtml", "Curator/Analytics.cshtml", "Curator/Crisis.cshtml", "Curator/Feedback.cshtml", "Curator/Imports.cshtml", "Curator/Moderation.cshtml",
        "Curator/PersonData.cshtml", "Curator/Taxonomy.cshtml", "Curator/Vocabulary.cshtml",
        "Insights/Index.cshtml", "Insights/Summary.cshtml", "Insights/WardIndicators.cshtml", "Inbox.cshtml", "Teams/Index.cshtml", "Invites/Accept.cshtml",
        "Organisations/Apply.cshtml", "Organisations/Staff.cshtml",
        "Provider/Edit.cshtml", "Provider/Feedback.cshtml", "Provider/Incoming.cshtml", "Provider/Listings.cshtml", "Provider/New.cshtml", "Provider/NewSent.cshtml",
        "Referrals/Detail.cshtml", "Referrals/Index.cshtml", "Referrals/New.cshtml", "Referrals/_MessageThread.cshtml",
        "Referrals/_OutcomeForm.cshtml", "Shared/_ReferralTable.cshtml", "Shared/_PersonFields.cshtml",
        "Shortlist.cshtml", "Dev/Mail.cshtml",
        // Not yet translated (the next pass): the rest of the account pages, messages and errors.
        "Account/AccessDenied.cshtml", "Account/CheckEmail.cshtml", "Account/ConfirmEmail.cshtml", "Account/Delete.cshtml",
        "Account/Details.cshtml", "Account/ExternalSignIn.cshtml", "Account/ForgotPassword.cshtml",
        "Account/ResendConfirmation.cshtml", "Account/ResetPassword.cshtml", "Account/SignInCode.cshtml",
        "Account/SignOut.cshtml", "Account/TwoFactor.cshtml",
        "Error.cshtml",
    ];

    /// <summary>
    /// Links and buttons only staff see (signed in as a practitioner, provider, curator or admin) on translated pages:
    /// they lead to English-only pages, so they stay English with them.
    /// </summary>
    public static readonly HashSet<string> StaffLinks =
    [
        "Shortlist", "My referrals", "My shortlist", "My team", "My listings", "Incoming referrals", "Staff", "Moderation",
        "Moderation and verification", "Crisis mode", "Taxonomy", "Imports", "Vocabulary", "Analytics", "A person's data", "Applications",
        "Teams", "Users", "Organisations", "Retention", "Audit log", "Operations", "Notifications",
        "Refer someone to this activity", "Add to shortlist",
    ];

    /// <summary>Words that are the same in every language (names, symbols) and may stand in a translated page's markup.</summary>
    public static readonly HashSet<string> AllowedText = ["NHS", "(OpenStreetMap)", "&nbsp;|&nbsp;"];
}
