using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReferralsService.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Referrals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "referral_audit_log",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    referral_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    user_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    user_role = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    purpose = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referral_audit_log", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "referrals",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    service_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    service_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    provider_organisation_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    referrer_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    referrer_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    referrer_role = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    referrer_team = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    reason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    person_given_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    person_family_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    person_date_of_birth = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    person_nhs_number = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    person_email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    person_phone = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    person_needs = table.Column<string>(type: "TEXT", nullable: false),
                    person_notes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    name_key = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    requested_at = table.Column<long>(type: "INTEGER", nullable: true),
                    response_due_at = table.Column<long>(type: "INTEGER", nullable: true),
                    closed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    waitlisted = table.Column<bool>(type: "INTEGER", nullable: false),
                    reminder_sent_at = table.Column<long>(type: "INTEGER", nullable: true),
                    escalated_at = table.Column<long>(type: "INTEGER", nullable: true),
                    service_unavailable_note = table.Column<string>(type: "TEXT", nullable: true),
                    service_unavailable_alternative = table.Column<string>(type: "TEXT", nullable: true),
                    sessions_attended = table.Column<int>(type: "INTEGER", nullable: false),
                    last_attended_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    consecutive_no_shows = table.Column<int>(type: "INTEGER", nullable: false),
                    anonymised_at = table.Column<long>(type: "INTEGER", nullable: true),
                    version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referrals", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "referral_consents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    given_by = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    method = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    given_at = table.Column<long>(type: "INTEGER", nullable: false),
                    share_with_provider = table.Column<bool>(type: "INTEGER", nullable: false),
                    share_outcomes_with_referrer = table.Column<bool>(type: "INTEGER", nullable: false),
                    contact_by_sms = table.Column<bool>(type: "INTEGER", nullable: false),
                    contact_by_email = table.Column<bool>(type: "INTEGER", nullable: false),
                    recorded_by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    recorded_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referral_consents", x => x.id);
                    table.ForeignKey(
                        name: "fk_referral_consents_referrals_id",
                        column: x => x.id,
                        principalTable: "referrals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "referral_messages",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    referral_id = table.Column<Guid>(type: "TEXT", nullable: false),
                    author_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    author_name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    from_role = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referral_messages", x => x.id);
                    table.ForeignKey(
                        name: "fk_referral_messages_referrals_referral_id",
                        column: x => x.referral_id,
                        principalTable: "referrals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "referral_transitions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    from = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    to = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    by = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    by_role = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    at = table.Column<long>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    note = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    referral_id = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_referral_transitions", x => x.id);
                    table.ForeignKey(
                        name: "fk_referral_transitions_referrals_referral_id",
                        column: x => x.referral_id,
                        principalTable: "referrals",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_referral_audit_log_referral_id",
                table: "referral_audit_log",
                column: "referral_id");

            migrationBuilder.CreateIndex(
                name: "ix_referral_messages_referral_id_at",
                table: "referral_messages",
                columns: new[] { "referral_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_referral_transitions_referral_id",
                table: "referral_transitions",
                column: "referral_id");

            migrationBuilder.CreateIndex(
                name: "ix_referrals_closed_at_anonymised_at",
                table: "referrals",
                columns: new[] { "closed_at", "anonymised_at" });

            migrationBuilder.CreateIndex(
                name: "ix_referrals_person_nhs_number",
                table: "referrals",
                column: "person_nhs_number");

            migrationBuilder.CreateIndex(
                name: "ix_referrals_provider_organisation_id_status",
                table: "referrals",
                columns: new[] { "provider_organisation_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_referrals_referrer_id",
                table: "referrals",
                column: "referrer_id");

            migrationBuilder.CreateIndex(
                name: "ix_referrals_referrer_team",
                table: "referrals",
                column: "referrer_team");

            migrationBuilder.CreateIndex(
                name: "ix_referrals_service_id_name_key",
                table: "referrals",
                columns: new[] { "service_id", "name_key" });

            migrationBuilder.CreateIndex(
                name: "ix_referrals_status_response_due_at",
                table: "referrals",
                columns: new[] { "status", "response_due_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "referral_audit_log");

            migrationBuilder.DropTable(
                name: "referral_consents");

            migrationBuilder.DropTable(
                name: "referral_messages");

            migrationBuilder.DropTable(
                name: "referral_transitions");

            migrationBuilder.DropTable(
                name: "referrals");
        }
    }
}
