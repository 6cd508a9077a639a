import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { timingSafeEqual } from 'crypto';

@Injectable()
export class ApiKeyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const key = String(context.switchToHttp().getRequest().headers['x-api-key'] ?? '');
    const expected = process.env.ADMIN_API_KEY ?? '';
    if (!expected || key.length !== expected.length || !timingSafeEqual(Buffer.from(key), Buffer.from(expected))) {
      throw new UnauthorizedException();
    }
    return true;
  }
}
