namespace Portal.Identity;

/// <summary>The words of the mails that invitations and application decisions send (the link is the only secret in them).</summary>
public static class InviteMail
{
    public static AccountMail For(Invite invite, string link, string inviterName) => invite.Kind switch
    {
        InviteKind.OrganisationAdmin => new AccountMail(invite.Email, $"{invite.JoiningName} is approved for the Community Directory",
            $"Your application for {invite.JoiningName} has been approved. You are its admin: you can add its activities and invite its staff.\n\n" +
            $"Set up your account (or sign in with the one you have) by following this link within 7 days:\n{link}\n"),
        InviteKind.OrganisationStaff => new AccountMail(invite.Email, $"Join {invite.JoiningName} on the Community Directory",
            $"{inviterName} has invited you to join {invite.JoiningName} as staff, to look after its activities and referrals.\n\n" +
            $"Accept by following this link within 7 days (it works once):\n{link}\n"),
        InviteKind.TeamLead => new AccountMail(invite.Email, $"Lead {invite.JoiningName} on the Community Directory",
            $"{inviterName} has made you the lead of the practitioner team {invite.JoiningName}. You can invite your colleagues; the team shares its referrals.\n\n" +
            $"Accept by following this link within 7 days (it works once):\n{link}\n"),
        _ => new AccountMail(invite.Email, $"Join {invite.JoiningName} on the Community Directory",
            $"{inviterName} has invited you to join the practitioner team {invite.JoiningName}, which shares its referrals.\n\n" +
            $"Accept by following this link within 7 days (it works once):\n{link}\n"),
    };

    public static AccountMail Declined(OrganisationApplication application) => new(application.ContactEmail,
        $"Your application for {application.OrganisationName}",
        $"Thank you for applying to list {application.OrganisationName} in the Community Directory. We cannot accept it at the moment, for this reason:\n\n" +
        $"{application.DeclineReason}\n\nYou are welcome to apply again once this is resolved.\n");

    public static string Describe(InviteKind kind) => kind switch
    {
        InviteKind.OrganisationAdmin => "the admin of",
        InviteKind.OrganisationStaff => "staff of",
        InviteKind.TeamLead => "the lead of the team",
        _ => "a member of the team",
    };
}
