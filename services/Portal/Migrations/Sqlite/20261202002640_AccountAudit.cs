using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AccountAudit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "account_audit",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "TEXT", nullable: false),
                    at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    actor_id = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    actor_name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    action = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    subject_user_id = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    subject_email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    detail = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_account_audit", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_account_audit_at",
                table: "account_audit",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_account_audit_subject_user_id",
                table: "account_audit",
                column: "subject_user_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "account_audit");
        }
    }
}
